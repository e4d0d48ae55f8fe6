import * as ai from 'ai';
import { describeGenerate } from '../sdk-suite/generate-suite.test-helpers.js';

describeGenerate({ label: 'ai@6', ...ai });
