package dev.sentinel.dsl.policy;

/** How bad a finding is; a policy's threshold decides which fail a check. */
public enum Severity {
  INFO("note"),
  WARNING("warning"),
  ERROR("error");

  private final String sarifLevel;

  Severity(String sarifLevel) {
    this.sarifLevel = sarifLevel;
  }

  /** SARIF 2.1.0's level: {@code error}, {@code warning} or {@code note}. */
  public String sarifLevel() {
    return sarifLevel;
  }
}
