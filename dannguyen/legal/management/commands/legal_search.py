from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from dannguyen.legal import search


class Command(BaseCommand):
    help = (
        "Search the legal database. With --batch FILE: one query per line in, one JSON line "
        "per query out (hits in rank order with title, so_ky_hieu, article, score)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("query", nargs="?", default="")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", help="print the hits as JSON")
        parser.add_argument("--batch", type=Path, help="a file with one query per line")

    def hits(self, query: str, limit: int) -> list[dict[str, Any]]:
        scored = search.rank(query)[: max(limit, 0)]
        return [
            {
                "title": h.document.title,
                "so_ky_hieu": h.document.number_raw,
                "article": h.article_number,
                "heading": h.provision.heading if h.provision else "",
                "document_id": h.document.pk,
                "score": round(h.score, 4),
            }
            for h in search.hits_for(scored, query)
        ]

    def handle(self, *args: Any, **options: Any) -> None:
        limit = options["limit"]
        if options["batch"]:
            try:
                lines = options["batch"].read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(f"cannot read {options['batch']}: {exc}") from exc
            for line in lines:
                query = line.strip()
                if query:
                    out = {"query": query, "hits": self.hits(query, limit)}
                    self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        if not options["query"].strip():
            raise CommandError("give a QUERY or --batch FILE")
        hits = self.hits(options["query"], limit)
        if options["json"]:
            self.stdout.write(json.dumps(hits, ensure_ascii=False, indent=1))
            return
        for rank, hit in enumerate(hits, start=1):
            where = f"Điều {hit['article']}" if hit["article"] else "(toàn văn)"
            self.stdout.write(
                f"{rank:>3}. {hit['score']:8.3f}  {where} — {hit['title']} {hit['so_ky_hieu']}"
            )
