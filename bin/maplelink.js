#!/usr/bin/env node
// Entry point of the `maplelink` command. The sources are TypeScript, run through tsx.
import { register } from 'tsx/esm/api';

register();
await import(new URL('../src/cli/main.ts', import.meta.url).href);
