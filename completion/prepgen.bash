# bash completion for prepgen                               -*- shell-script -*-
#
# Installed by `make install` as share/bash-completion/completions/prepgen;
# to try it uninstalled: source completion/prepgen.bash
#
# Options come from `prepgen --help` (so they cannot drift), role ids from
# `prepgen --list-roles` (honouring --data-dir and --bank on the line), the
# fixed values from the same lists the program checks.

_prepgen_cmd() {
  local c=${COMP_WORDS[0]}
  c=${c/#\~/$HOME}
  command -v -- "$c" >/dev/null 2>&1 && printf '%s' "$c" || printf prepgen
}

# Options that change what --list-roles sees, taken from the line.
_prepgen_data_args() {
  local i w
  for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
    w=${COMP_WORDS[i]}
    case $w in
      --data-dir | --bank) printf '%s\n%s\n' "$w" "${COMP_WORDS[i + 1]}" ;;
      --data-dir=* | --bank=*) printf '%s\n' "$w" ;;
    esac
  done
}

# Values of the option $1 for the word $2 in COMPREPLY; 1 when $1 takes
# no value we know.
_prepgen_value() {
  local prev=$1 cur=$2 prog
  prog=$(_prepgen_cmd)
  case $prev in
    --role)
      local -a extra
      mapfile -t extra < <(_prepgen_data_args)
      local roles
      roles=$("$prog" "${extra[@]}" --list-roles 2>/dev/null |
        awk 'NR > 1 && $1 != "core" { print $1 }')
      mapfile -t COMPREPLY < <(compgen -W "$roles" -- "$cur")
      return 0
      ;;
    --paper)
      mapfile -t COMPREPLY < <(compgen -W "a4 letter" -- "$cur")
      return 0
      ;;
    --level)
      mapfile -t COMPREPLY < <(compgen -W "junior mid senior staff" -- "$cur")
      return 0
      ;;
    --dump)
      mapfile -t COMPREPLY < <(compgen -W "doc facts plan layout" -- "$cur")
      return 0
      ;;
    --input-format)
      mapfile -t COMPREPLY < <(compgen -W "docx odt html md text json" -- "$cur")
      return 0
      ;;
    --format)
      mapfile -t COMPREPLY < <(compgen -W "pdf md txt" -- "$cur")
      return 0
      ;;
    --data-dir)
      mapfile -t COMPREPLY < <(compgen -d -- "$cur")
      return 0
      ;;
    --bank)
      mapfile -t COMPREPLY < <(compgen -f -X '!*.xml' -- "$cur"; compgen -d -- "$cur")
      return 0
      ;;
    -o | --output | --job | --from)
      mapfile -t COMPREPLY < <(compgen -f -- "$cur")
      return 0
      ;;
    --as-of | --company | --days | --top | -j | --jobs | --shard)
      return 0 # free text
      ;;
  esac
  return 1
}

_prepgen() {
  local cur prev split=false
  cur=${COMP_WORDS[COMP_CWORD]}
  prev=${COMP_WORDS[COMP_CWORD - 1]}
  COMPREPLY=()

  # --opt=value: complete the value (when '=' is not a word break, the
  # replies must carry the "--opt=" prefix)
  local eq=
  if [[ $cur == --*=* ]]; then
    prev=${cur%%=*}
    eq=$prev=
    cur=${cur#*=}
    split=true
  elif [[ $cur == = && $prev == --* ]]; then
    cur=
    split=true
  elif [[ $prev == = ]] && ((COMP_CWORD >= 2)); then
    prev=${COMP_WORDS[COMP_CWORD - 2]}
    split=true
  fi

  if _prepgen_value "$prev" "$cur"; then
    [[ -n $eq ]] && COMPREPLY=("${COMPREPLY[@]/#/$eq}")
    return 0
  fi
  $split && return 0

  local prog
  prog=$(_prepgen_cmd)
  if [[ $cur == -* ]]; then
    local opts
    opts=$("$prog" --help 2>/dev/null | grep -oE -- '(^|[ ,])--?[a-zA-Z][a-zA-Z-]*' |
      tr -d ' ,' | sort -u)
    mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
    return 0
  fi
  # CVs: the formats prepgen reads, and folders (batch)
  mapfile -t COMPREPLY < <(
    compgen -f -X '!*.@(docx|DOCX|odt|ODT|txt|TXT|md|MD|markdown|html|HTML|htm|json|JSON|xml)' -- "$cur"
    compgen -d -- "$cur"
  )
  return 0
}

# -o filenames: quote names, add / to folders
complete -o filenames -o bashdefault -F _prepgen prepgen
