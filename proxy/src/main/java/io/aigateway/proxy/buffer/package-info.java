/**
 * Reading Vert.x buffers without copying them, for the scanners and parsers of every other package; it depends on
 * none of them.
 */
package io.aigateway.proxy.buffer;
