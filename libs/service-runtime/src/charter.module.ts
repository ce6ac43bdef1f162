import { Module, type DynamicModule } from '@nestjs/common';
import type { Charter } from '@concord/governance';

/** Injection token of the governance charter the service started with: `@Inject(CHARTER) charter: Charter`. */
export const CHARTER = Symbol('CHARTER');

/** Provides the loaded, validated charter to every module of the application. */
@Module({})
export class CharterModule {
  static forRoot(charter: Charter): DynamicModule {
    return {
      module: CharterModule,
      global: true,
      providers: [{ provide: CHARTER, useValue: charter }],
      exports: [CHARTER],
    };
  }
}
