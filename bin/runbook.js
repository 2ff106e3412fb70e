#!/usr/bin/env node
import '../dist/runbook.js';
