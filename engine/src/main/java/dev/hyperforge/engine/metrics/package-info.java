/** Engine: metrics. */
package dev.hyperforge.engine.metrics;
