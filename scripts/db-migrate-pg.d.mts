// Types for the test setup that imports the migrator from db-migrate-pg.mjs (tsconfig has no allowJs).
export declare const migrationsFolder: string;
export declare function migratePostgres(url: string): Promise<void>;
