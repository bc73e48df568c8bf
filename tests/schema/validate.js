#!/usr/bin/env node
// validate.js - checks `prepgen --facts` output against the official JSON
// Resume schema (npm package @jsonresume/schema 1.2.1, MIT, installed into
// tests/schema/node_modules by `npm install` here; node_modules is not
// committed).  Usage: node validate.js FILE.json...  ('-' reads stdin).
// Prints "ok FILE" or the schema errors; exits 1 when any file is invalid,
// 2 when the package is not installed (the caller may then skip).
'use strict';
const fs = require('fs');
let schemaPkg;
try {
  schemaPkg = require('@jsonresume/schema');
} catch (e) {
  console.error('validate.js: @jsonresume/schema is not installed; run ' +
                '`npm install` in tests/schema');
  process.exit(2);
}
let bad = 0;
const files = process.argv.slice(2);
for (const f of files) {
  const text = fs.readFileSync(f === '-' ? 0 : f, 'utf8');
  let doc;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    console.log(`invalid JSON ${f}: ${e.message}`);
    bad++;
    continue;
  }
  schemaPkg.validate(doc, (errs, valid) => {
    if (valid) {
      console.log(`ok ${f}`);
    } else {
      bad++;
      for (const e of errs)
        console.log(`invalid ${f}: ${e.property} ${e.message}`);
    }
  });
}
process.exit(bad ? 1 : 0);
