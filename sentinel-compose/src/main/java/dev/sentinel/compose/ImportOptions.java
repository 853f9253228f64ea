package dev.sentinel.compose;

/**
 * How an import treats what it cannot keep as written.
 *
 * @param lenient whether attributes the model cannot represent are dropped with a warning instead of failing the import
 * @param credentialsAsSecrets whether literal credentials in environments become generated secrets
 * @param absoluteHostPaths whether relative host paths become absolute (resolved against the project
 *     directory), for running the file in place from any working directory, as docker compose does
 */
record ImportOptions(boolean lenient, boolean credentialsAsSecrets, boolean absoluteHostPaths) {}
