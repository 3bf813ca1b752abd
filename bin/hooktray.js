#!/usr/bin/env node
// Entry for the `hooktray` command: Node 24 runs the TypeScript sources directly (type stripping).
import '../electron/cli.ts';
