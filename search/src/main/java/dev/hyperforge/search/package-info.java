/** Hyperforge search module. */
package dev.hyperforge.search;
