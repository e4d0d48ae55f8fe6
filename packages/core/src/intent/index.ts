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
  contentPartSchema,
  type ImagePart,
  imagePartSchema,
  type Message,
  messageSchema,
  type TextPart,
  type ToolCall,
  textPartSchema,
  toolCallSchema,
} from './message-schema.js';
export { parseIntent } from './parse-intent.js';
