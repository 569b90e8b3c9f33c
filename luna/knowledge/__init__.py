"""The cited knowledge base (content/knowledge/*.yml) and its retrieval.

`load_knowledge()` reads and checks every file once; `KnowledgeBase.search(question, k)`
returns the k entries most relevant to a question (BM25, see retrieval.py).
"""

from luna.knowledge.entries import Entry, load_knowledge
from luna.knowledge.retrieval import KnowledgeBase

__all__ = ["Entry", "KnowledgeBase", "load_knowledge"]
