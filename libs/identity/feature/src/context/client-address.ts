import { type CommandContext } from '@weft/kernel';

/**
 * The client address the throttles count by. The edge always knows it (Fastify, or the
 * gateway that forwarded the request); a context without one is counted as one client.
 */
export const clientAddressOf = (context: CommandContext): string => context.clientIp ?? 'unknown';
