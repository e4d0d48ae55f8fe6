import { describeStreamAndErrors } from '../sdk-suite/stream-suite.test-helpers.js';
import { AI7 } from './ai7-sdk.test-helpers.js';

describeStreamAndErrors(AI7);
