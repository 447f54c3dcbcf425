/** The dashboard benchmark: API latency of the study page over a large file database ({@code hf bench web}). */
package dev.hyperforge.web.bench;
