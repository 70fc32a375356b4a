package at.ozeanlicht.support.core.api;

/** What the engine does with the database schema when it starts. */
public enum SchemaMode {
  /** Apply pending Flyway migrations, then validate. The default. */
  MIGRATE,
  /** Only check that the schema is current; the host runs Flyway itself. */
  VALIDATE_ONLY
}
