/** Raised when an expression cannot be parsed, breaks a sandbox rule, or throws. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly expression: string,
    readonly nodeName?: string,
    readonly property?: string,
  ) {
    super(message);
    this.name = 'ExpressionError';
  }

  /** The same error, now naming the node and property it was evaluated for. */
  withLocation(nodeName: string, property: string): ExpressionError {
    const located = new ExpressionError(
      `${this.message} [node "${nodeName}", property "${property}", expression ${JSON.stringify(this.expression)}]`,
      this.expression,
      nodeName,
      property,
    );
    return located;
  }
}

/** A violation found while compiling or running sandboxed code; wrapped into {@link ExpressionError}. */
export class SandboxViolation extends Error {
  override name = 'SandboxViolation';
}
