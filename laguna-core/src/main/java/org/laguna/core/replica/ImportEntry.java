package org.laguna.core.replica;

/** One line of an import: a file that already sits on the RSE, at a path relative to the protocol prefix. */
public record ImportEntry(String scope, String name, long bytes, String adler32, String md5, String path) {
}
