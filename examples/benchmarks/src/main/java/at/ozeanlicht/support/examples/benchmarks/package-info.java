/** JMH benchmarks of the engines. */
package at.ozeanlicht.support.examples.benchmarks;
