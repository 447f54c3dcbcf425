/** Hyperforge web module. */
package dev.hyperforge.web;
