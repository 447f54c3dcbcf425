/** The hf command line (picocli). */
package dev.hyperforge.experiments.cli;
