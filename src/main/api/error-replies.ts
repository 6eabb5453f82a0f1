import type { FastifyError, FastifyReply } from 'fastify';
import { AppError } from '../../shared/errors';

/** Maps the framework's own errors (body parsing, limits) onto the product's error codes. */
const mib = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

/** `bodyLimit`: the limit of the route that refused the body, named in the 413. */
export function toAppError(error: unknown, bodyLimit?: number): AppError {
  const tooLarge = () =>
    new AppError(
      'payload_too_large',
      bodyLimit
        ? `Request body is larger than this endpoint's limit of ${mib(bodyLimit)} (${bodyLimit} bytes).`
        : 'Request body is too large for this endpoint.',
      bodyLimit ? { body: [`At most ${bodyLimit} bytes.`] } : undefined,
    );
  if (error instanceof AppError) return error;
  const e = error as Partial<FastifyError>;
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return tooLarge();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('unsupported_media_type', 'Send request bodies as application/json.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('validation_failed', 'Malformed JSON body.', { body: ['Malformed JSON.'] });
    default:
      break;
  }
  if (e.statusCode === 400 || e instanceof SyntaxError) {
    return new AppError('validation_failed', 'Malformed request.', { body: [e.message ?? 'Malformed request.'] });
  }
  if (e.statusCode === 413) return tooLarge();
  if (e.statusCode === 415) return new AppError('unsupported_media_type', 'Send request bodies as application/json.');
  return new AppError('internal', 'Internal error.');
}

export function sendError(reply: FastifyReply, error: AppError): FastifyReply {
  if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
  return reply.status(error.status).type('application/json').send(error.toBody());
}
