export { MAX_DEADLINE_MS } from './deadline.js';
export {
  type GenerationParameters,
  parametersSchema,
  type RequestIntent,
  type ResponseFormat,
  requestIntentSchema,
  responseFormatSchema,
  type ToolChoice,
  type ToolDefinition,
  toolChoiceSchema,
  toolDefinitionSchema,
} from './intent-schema.js';
export {
  type AssistantMessage,
  type ContentPart,
  type ImagePart,
  type Message,
  messageSchema,
  type TextPart,
  type ToolCall,
} from './message-schema.js';
export { parseIntent } from './parse-intent.js';
