package at.ozeanlicht.support.core.domain;

/**
 * What an SLA clock measures. Wire names are hyphenated ({@code first-response}) because the CLI
 * contract ({@code support sla deadline --metric first-response}) names them so; the same names
 * are used in {@code sla.yaml} events and the database.
 */
public enum SlaMetric implements Wire {
  /** From a conversation opening (or reopening) to the first agent reply. */
  FIRST_RESPONSE("first-response"),
  /** From a customer message after an agent reply to the next agent reply. */
  NEXT_RESPONSE("next-response"),
  /** From opening to resolution. */
  RESOLUTION("resolution");

  private final String wire;

  SlaMetric(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }
}
