#!/usr/bin/env node
// the bundle `npm run build` makes of dist/cli.js (scripts/bundle-cli.mjs)
import '../dist/kit-auth.js'
