export type { Gateway, GatewayOptions } from './gateway/server.ts';
export { createGateway } from './gateway/server.ts';
export * from './keys.ts';
export { createRequestLogger, type RequestLogger } from './log.ts';
export type { Devstack, DevstackOptions, TestStackOptions } from './stack.ts';
export { startDevstack, startTestStack } from './stack.ts';
