"""Answers to free-form questions: the engine computes the facts, an LLM explains them
(or, without one, the knowledge base does), and every reply is checked before it is sent."""
