#!/usr/bin/env node
"use strict";
// The CLI runs from the compiled output; `npm install` builds it (the `prepare` script).
require("../dist/src/cli/main.js")
  .main(process.argv)
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`revstack: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
