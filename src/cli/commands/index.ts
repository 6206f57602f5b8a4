import type { Command } from 'commander';
import { register as collect } from './collect.js';
import { register as controls } from './controls.js';
import { register as evaluate } from './evaluate.js';
import { register as frameworks } from './frameworks.js';
import { register as keygen } from './keygen.js';
import { register as attest } from './attest.js';
import { register as attestations } from './attestations.js';
import { register as db } from './db.js';
import { register as diff } from './diff.js';
import { register as history } from './history.js';
import { register as prune } from './prune.js';
import { register as report } from './report.js';
import { register as runs } from './runs.js';
import { register as verify } from './verify.js';
import { register as run } from './run.js';
import { register as schedule } from './schedule.js';
import { register as init } from './init.js';
import { register as demo } from './demo.js';
import { register as fleet } from './fleet.js';

/** Every command registers itself on the root program; order here is the order of `--help`. */
export type RegisterCommand = (program: Command) => void;

export const COMMANDS: readonly RegisterCommand[] = [
  demo,
  init,
  collect,
  evaluate,
  run,
  schedule,
  keygen,
  frameworks,
  controls,
  runs,
  history,
  diff,
  report,
  attest,
  attestations,
  prune,
  verify,
  db,
  fleet,
];
