import { Injectable, type INestApplication, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { NestContainer } from '@nestjs/core/injector/container';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

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
      .setTitle('Concord orders')
      .setDescription('Orders from the storefront and the CRM on their way to the ERP: state, lines at governed prices, state history, held orders and their release.')
      .setVersion('1')
      .build();
    // Built on the first request, once every module's routes are known.
    SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config));
  }
}
