import { Inject, Injectable, type INestApplication, type OnModuleInit, type Provider } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { NestContainer } from '@nestjs/core/injector/container';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** What the OpenAPI document says of the service. */
export interface ApiDocsInfo {
  readonly title: string;
  readonly description: string;
}

const API_DOCS_INFO = Symbol('API_DOCS_INFO');

/** The providers that serve a service's OpenAPI document at /docs (UI) and /docs-json. */
export function apiDocsProviders(info: ApiDocsInfo): Provider[] {
  return [{ provide: API_DOCS_INFO, useValue: info }, ApiDocs];
}

/**
 * Serves the OpenAPI document at /docs (UI) and /docs-json.
 *
 * SwaggerModule wants the INestApplication, which runService creates and starts listening without
 * a hook in between, and routes added after listen() land behind Nest's 404 handler. Module
 * initialisation runs after the controllers' routes are registered and before that handler, so the
 * docs are set up here, on a view of the application built from the container. (A `configureApp`
 * hook in runService would make this unnecessary.)
 */
@Injectable()
export class ApiDocs implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly moduleRef: ModuleRef,
    @Inject(API_DOCS_INFO) private readonly info: ApiDocsInfo,
  ) {}

  onModuleInit(): void {
    const httpAdapter = this.adapterHost.httpAdapter;
    if (httpAdapter === undefined || httpAdapter === null) return; // an application context without HTTP
    const container = (this.moduleRef as unknown as { container: NestContainer }).container;
    const app = {
      container,
      config: container.applicationConfig,
      getHttpAdapter: () => httpAdapter,
      useStaticAssets: (path: string, options: unknown) => httpAdapter.useStaticAssets?.(path, options),
    } as unknown as INestApplication;
    const config = new DocumentBuilder()
      .setTitle(this.info.title)
      .setDescription(this.info.description)
      .setVersion('1')
      .build();
    // Built on the first request, once every module's routes are known.
    SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config));
  }
}
