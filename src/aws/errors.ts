import type { AwsError, ErrorKind } from '../evidence/observed.js';
import { redact } from './redact.js';

/** A 2xx answer whose body is empty, HTML, or not the protocol's document (answers.ts, bodyProblem). */
export const HOLLOW_ANSWER = 'HollowAnswer';
/** A 2xx answer that lacks or mistypes what the operation answers (answers.ts, answerProblem). */
export const UNEXPECTED_ANSWER = 'UnexpectedAnswer';

/** The SDK's hint appended to reading errors: about its own objects, nothing a reader can use. */
const SDK_HINT =
  /\s*Deserialization error: to see the raw response, inspect the hidden field \{error\}\.\$response on this object\./g;

const ACCESS_DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedAccess',
  'UnauthorizedException',
  'AuthorizationError',
  'AuthorizationErrorException',
  'NotAuthorized',
  'Forbidden',
  'ForbiddenException',
]);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded',
  'PriorRequestNotComplete',
  'EC2ThrottledException',
]);
const TIMEOUT = new Set([
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
  'AbortError',
  'ETIMEDOUT',
]);
const NETWORK = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'NetworkingError',
]);
/**
 * Token rejections. The caller's identity was already proven with the same credentials, so a regional
 * rejection means the region does not accept them: an opt-in region not enabled for the account, or a
 * session token from the global STS endpoint, which opt-in regions refuse.
 */
const REGION_DISABLED = new Set([
  'OptInRequired',
  'InvalidRegion',
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'AuthFailure',
]);
const NOT_FOUND = new Set([
  'ResourceNotFoundException',
  'NotFoundException',
  'TrailNotFoundException',
  'NoSuchBucket',
  'BadRequestException.NotFound',
]);

interface SdkErrorLike {
  name?: unknown;
  code?: unknown;
  Code?: unknown;
  message?: unknown;
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number };
  $fault?: unknown;
  cause?: unknown;
}

/**
 * Turns anything the SDK threw into our error record. The order matters: a code we recognise wins over
 * the HTTP status, and a 5xx without a known code is a server error.
 */
export function classifyError(err: unknown, action: string): AwsError {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as SdkErrorLike;
  const rawCode = [e.code, e.Code, e.name].find((v) => typeof v === 'string' && v.length > 0) as
    | string
    | undefined;
  const code = rawCode ?? 'UnknownError';
  const message = redact(
    (typeof e.message === 'string' ? e.message : String(err)).replace(SDK_HINT, ''),
  ).slice(0, 500);
  const httpStatus = e.$metadata?.httpStatusCode ?? e.$response?.statusCode ?? null;
  return { kind: kindOf(code, message, httpStatus, e), code, message, action, httpStatus };
}

function kindOf(code: string, message: string, httpStatus: number | null, e: SdkErrorLike): ErrorKind {
  if (code === HOLLOW_ANSWER || code === UNEXPECTED_ANSWER) return 'unparseable';
  if (code === 'SubscriptionRequiredException') return 'subscription-required';
  // The Trusted Advisor API on a Basic or Developer support plan: 403 AccessDeniedException "Access denied
  // due to support level" (Trusted Advisor API guide): the plan, not IAM, stands in the way.
  if (code === 'AccessDeniedException' && /due to support level/i.test(message))
    return 'subscription-required';
  if (ACCESS_DENIED.has(code)) return 'access-denied';
  if (THROTTLED.has(code)) return 'throttled';
  if (TIMEOUT.has(code) || /timed? ?out/i.test(message)) return 'timeout';
  if (NETWORK.has(code) || /socket hang up|ECONNRESET|ECONNREFUSED/i.test(message)) return 'network';
  if (REGION_DISABLED.has(code)) return 'region-disabled';
  if (NOT_FOUND.has(code)) return 'not-found';
  if (httpStatus !== null && httpStatus >= 500) return 'server-error';
  if (
    code === 'SyntaxError' ||
    /Deserialization error|Invalid RFC-3339|Unexpected token|Unexpected end of|is not valid JSON|expected .* to be/i.test(
      message,
    )
  ) {
    return 'unparseable';
  }
  if (httpStatus === 429) return 'throttled';
  if (httpStatus === 403) return 'access-denied';
  if (e.$fault === 'server') return 'server-error';
  return 'other';
}
