// The errors the simulated host raises, shaped like Office.js's OfficeExtension.Error
// (name "RichApi.Error", `code`, `debugInfo`) with Excel's own wording, so code written against
// the simulator handles the real errors the same way.

export type SimErrorCode =
  | 'PropertyNotLoaded'
  | 'RequestPayloadSizeLimitExceeded'
  | 'ResponsePayloadSizeLimitExceeded'
  | 'ApiNotFound'
  | 'ItemNotFound'
  | 'ItemAlreadyExists'
  | 'InvalidArgument'
  | 'InvalidOperation'
  | 'InvalidRequestContext'
  | 'GeneralException';

const LIMITS_DOC =
  '"https://docs.microsoft.com/office/dev/add-ins/concepts/resource-limits-and-performance-optimization#excel-add-ins"';

const MESSAGES: Record<Exclude<SimErrorCode, 'PropertyNotLoaded'>, string> = {
  RequestPayloadSizeLimitExceeded: `The request payload size has exceeded the limit. Please refer to the documentation: ${LIMITS_DOC}.`,
  ResponsePayloadSizeLimitExceeded: `The response payload size has exceeded the limit. Please refer to the documentation: ${LIMITS_DOC}.`,
  ApiNotFound:
    'The API you are trying to use could not be found. It may be available in a newer version of Excel. Please refer to the documentation: "https://docs.microsoft.com/office/dev/add-ins/reference/requirement-sets/excel-api-requirement-sets" for more information.',
  ItemNotFound: "The requested resource doesn't exist.",
  ItemAlreadyExists: 'The resource already exists.',
  InvalidArgument: 'The argument is invalid or missing or has an incorrect format.',
  InvalidOperation: 'The operation is invalid for the object.',
  InvalidRequestContext: 'Cannot use the object across different request contexts.',
  GeneralException: 'There was an internal error while processing the request.',
};

export class SimApiError extends Error {
  override readonly name = 'RichApi.Error';
  readonly code: SimErrorCode;
  /** What the simulator knows beyond Excel's generic wording: which call, which limit, which sizes. */
  readonly debugInfo: { code: SimErrorCode; message: string; errorLocation: string };

  constructor(code: Exclude<SimErrorCode, 'PropertyNotLoaded'>, location: string, detail?: string) {
    super(MESSAGES[code]);
    this.code = code;
    this.debugInfo = { code, message: detail ? `${MESSAGES[code]} (${detail})` : MESSAGES[code], errorLocation: location };
  }
}

/** Office.js throws this synchronously when a property is read before `load` + `context.sync()`. */
export class SimPropertyNotLoadedError extends Error {
  override readonly name = 'RichApi.Error';
  readonly code = 'PropertyNotLoaded' as const;
  readonly debugInfo: { code: 'PropertyNotLoaded'; message: string; errorLocation: string };

  constructor(typeName: string, property: string) {
    super(
      `The property '${property}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
    );
    this.debugInfo = { code: 'PropertyNotLoaded', message: this.message, errorLocation: `${typeName}.${property}` };
  }
}
