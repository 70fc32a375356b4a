/**
 * Routing, assignment and escalation as pure functions: rules from {@code routing.yaml} compiled
 * into one Aho–Corasick automaton, an evaluator with an explain trace, the AI boundary guard and
 * assignment strategies. No database here; the engine persists what these decide.
 */
@NullMarked
package at.ozeanlicht.support.core.routing;

import org.jspecify.annotations.NullMarked;
