import { BadRequestException, type PipeTransform } from '@nestjs/common';
import type { z } from 'zod';

/** One rejected input, named by its field (`sku`, `status`, `tier`, …). */
export interface InputIssue {
  readonly field: string;
  readonly message: string;
}

/**
 * Validates a path parameter, the query or the body with a zod schema and passes on the parsed
 * value. A bad value is a 400 whose message names each field: `status: expected "stale" (got "old")`.
 */
export class ParsedWith<S extends z.ZodType> implements PipeTransform<unknown, z.infer<S>> {
  constructor(
    private readonly schema: S,
    /** The field a path parameter stands for; for the query and the body the issue's path names it. */
    private readonly field?: string,
  ) {}

  transform(value: unknown): z.infer<S> {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const issues: InputIssue[] = result.error.issues.map((issue) => ({
      field:
        issue.code === 'unrecognized_keys'
          ? issue.keys.join(', ')
          : [this.field, ...issue.path.map(String)].filter((part) => part !== undefined && part !== '').join('.') || 'body',
      message: issue.code === 'unrecognized_keys' ? 'not a known field' : issue.message,
    }));
    throw new BadRequestException({
      statusCode: 400,
      error: 'Bad Request',
      message: issues.map((issue) => `${issue.field}: ${issue.message}`).join('; '),
      issues,
    });
  }
}
