export {
  type AdmissionOptions,
  PRIORITIES,
  type RequestPriority,
} from './admission-options.js';
export { type AdmissionRefusal, AdmissionRefusedError } from './admission-refused-error.js';
