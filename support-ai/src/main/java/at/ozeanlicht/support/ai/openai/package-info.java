/**
 * OpenAI-compatible chat-completions adapter (OpenAI, Ollama, vLLM, llama.cpp server): {@link
 * at.ozeanlicht.support.ai.openai.OpenAiProvider} and {@link
 * at.ozeanlicht.support.ai.openai.OpenAiConfig} are the only public types.
 */
@NullMarked
package at.ozeanlicht.support.ai.openai;

import org.jspecify.annotations.NullMarked;
