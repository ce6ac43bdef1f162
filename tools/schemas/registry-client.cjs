// A minimal client for the Confluent-compatible schema registry API (Apicurio Registry's ccompat/v7
// in Concord): just the calls the schema tools need, with errors that say which registry, request
// and subject failed. Plain CommonJS so the `node` CLIs and the Jest tests share it unchanged.
'use strict';

const DEFAULT_REGISTRY_URL = 'http://127.0.0.1:8081/apis/ccompat/v7';
const MEDIA_TYPE = 'application/vnd.schemaregistry.v1+json';

/** The registry did not answer at all: connection refused, DNS failure, timeout. */
class RegistryUnreachableError extends Error {
  constructor(url, cause) {
    const why = cause?.cause?.code ?? cause?.cause?.message ?? cause?.message ?? String(cause);
    super(`schema registry at ${url} is unreachable (${why})`);
    this.name = 'RegistryUnreachableError';
    this.url = url;
    this.cause = cause;
  }
}

/** The registry answered with an error status; `errorCode` is its Confluent-style error_code. */
class RegistryResponseError extends Error {
  constructor({ method, url, status, errorCode, registryMessage }) {
    super(`${method} ${url} answered ${status}${errorCode ? ` (error ${errorCode})` : ''}: ${registryMessage}`);
    this.name = 'RegistryResponseError';
    this.method = method;
    this.url = url;
    this.status = status;
    this.errorCode = errorCode;
    this.registryMessage = registryMessage;
  }
}

const subjectPath = (subject) => `/subjects/${encodeURIComponent(subject)}`;

class SchemaRegistryClient {
  /** @param {string} [baseUrl] the ccompat API root, e.g. http://127.0.0.1:8081/apis/ccompat/v7 */
  constructor(baseUrl = DEFAULT_REGISTRY_URL, { timeoutMs = 15_000 } = {}) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.timeoutMs = timeoutMs;
  }

  async request(method, path, body, { notFound } = {}) {
    const url = `${this.baseUrl}${path}`;
    let response;
    let text;
    try {
      response = await fetch(url, {
        method,
        headers: { Accept: `${MEDIA_TYPE}, application/json`, ...(body === undefined ? {} : { 'Content-Type': MEDIA_TYPE }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      text = await response.text();
    } catch (error) {
      throw new RegistryUnreachableError(this.baseUrl, error);
    }
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (response.ok) return json;
    if (response.status === 404 && notFound !== undefined) return notFound;
    throw new RegistryResponseError({
      method,
      url,
      status: response.status,
      errorCode: json?.error_code,
      registryMessage: json?.message ?? (text || response.statusText),
    });
  }

  /** PUT /config/<subject>: sets the subject's compatibility level (allowed before its first version). */
  async setCompatibility(subject, level) {
    await this.request('PUT', `/config/${encodeURIComponent(subject)}`, { compatibility: level });
  }

  /** GET /config/<subject>: the subject's own level, or undefined when it has none. */
  async getCompatibility(subject) {
    const config = await this.request('GET', `/config/${encodeURIComponent(subject)}`, undefined, { notFound: null });
    return config?.compatibilityLevel ?? config?.compatibility ?? undefined;
  }

  /** POST /subjects/<subject>/versions: registers an Avro schema, returns its id (the existing id for known content). */
  async register(subject, schemaText) {
    const { id } = await this.request('POST', `${subjectPath(subject)}/versions`, { schema: schemaText, schemaType: 'AVRO' });
    return id;
  }

  /** GET /subjects/<subject>/versions: version numbers, oldest first; [] when the subject does not exist. */
  async versions(subject) {
    return this.request('GET', `${subjectPath(subject)}/versions`, undefined, { notFound: [] });
  }

  /** GET /subjects/<subject>/versions/<version>: { subject, version, id, schema }. */
  async version(subject, version) {
    return this.request('GET', `${subjectPath(subject)}/versions/${version}`);
  }

  /**
   * POST /compatibility/subjects/<subject>/versions/<version>: is `schemaText` compatible with that one
   * version under the subject's level? Apicurio compares with the named version only, also for
   * *_TRANSITIVE levels, and ignores `verbose` (the answer is just is_compatible). Beware: it answers
   * true for a subject that does not exist.
   */
  async isCompatibleWithVersion(subject, version, schemaText) {
    const answer = await this.request('POST', `/compatibility${subjectPath(subject)}/versions/${version}?verbose=true`, {
      schema: schemaText,
      schemaType: 'AVRO',
    });
    return answer?.is_compatible === true;
  }

  /**
   * Deletes a subject for good: soft delete, then `?permanent=true` (Concord's stack enables
   * deletion), then its compatibility config, which Apicurio keeps for a subject without versions.
   * A subject that does not exist is not an error.
   */
  async deleteSubject(subject) {
    await this.request('DELETE', subjectPath(subject), undefined, { notFound: null });
    await this.request('DELETE', `${subjectPath(subject)}?permanent=true`, undefined, { notFound: null });
    await this.request('DELETE', `/config/${encodeURIComponent(subject)}`, undefined, { notFound: null });
  }
}

module.exports = { DEFAULT_REGISTRY_URL, RegistryResponseError, RegistryUnreachableError, SchemaRegistryClient };
