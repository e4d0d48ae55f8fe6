import * as ai from 'ai';
import { describeStreamAndErrors } from '../sdk-suite/stream-suite.test-helpers.js';

describeStreamAndErrors({ label: 'ai@6', ...ai });
