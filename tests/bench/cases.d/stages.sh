# stages.sh - in-process stage medians (sourced by tests/bench/run.sh):
# what each stage adds for one CV, without process start-up, and the
# one-off loads (banks, taxonomy) that a batch pays once.
cc -O2 -std=c11 -D_GNU_SOURCE -Iinclude -o "$B/bench/stages" tests/bench/stages.c \
  "$B/libprepgen.a" $(pkg-config --libs libxml-2.0 libzip libpcre2-8 jansson libutf8proc zlib) \
  $(pkg-config --libs libseccomp 2>/dev/null) -lhpdf -lm
echo
echo "in-process medians (samples/01-backend-senior-libreoffice.docx):"
"$B/bench/stages" data samples/01-backend-senior-libreoffice.docx 200 | sed 's/^/  /'
