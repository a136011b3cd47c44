import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.html import strip_tags

from gongkai.orgs.models import Organization
from gongkai.search.engine import IndexUnavailable
from gongkai.search.query import SearchRequest, search


class Command(BaseCommand):
    help = "在命令行检索已公开的政府信息。"

    def add_arguments(self, parser):
        parser.add_argument(
            "query", nargs="+", help="检索词；或 evaluate 相关性集合（queries.jsonl 或其所在目录）。"
        )
        parser.add_argument("--org", default="", help="机关（网址标识或名称），含下级机关。")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, query, org, limit, **options):
        as_json = options["json"]
        if len(query) == 2 and query[0] == "evaluate":
            return self.evaluate(Path(query[1]), as_json)
        query = " ".join(query)
        org_id = None
        if org:
            found = (
                Organization.objects.filter(slug=org).first() or Organization.objects.filter(name=org).first()
            )
            if found is None:
                raise CommandError(f"找不到机关：{org}")
            org_id = found.pk
        try:
            response = search(SearchRequest(q=query, org_id=org_id, page_size=max(1, min(limit, 100))))
        except IndexUnavailable as exc:
            raise CommandError("检索暂不可用：索引缺失或已损坏，请运行 reindex 重建。") from exc
        results = [
            {
                "title": strip_tags(hit.title),
                "url": hit.url,
                "organ": hit.organ,
                "date": hit.date,
                "snippet": strip_tags(hit.snippet),
                "score": round(hit.score, 4),
            }
            for hit in response.hits[:limit]
        ]
        if as_json:
            self.stdout.write(json.dumps({"total": response.total, "results": results}, ensure_ascii=False))
            return
        if response.message:
            self.stdout.write(response.message)
        self.stdout.write(f"共 {response.total} 条")
        for item in results:
            self.stdout.write(f"{item['date']}  {item['title']}  [{item['organ']}]  {item['url']}")

    def evaluate(self, path: Path, as_json: bool) -> None:
        """success@1/5/10, MRR@10, nDCG@10 and the zero-result rate per query type over a labelled set."""
        from gongkai.search.evaluation import evaluate

        if not path.exists():
            raise CommandError(f"找不到相关性集合：{path}")
        report = evaluate(path).as_dict()
        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"文档 {report['documents']} 篇，检索词 {report['all']['queries']} 个")
        for name, scores in [("全部", report["all"]), *report["by_type"].items()]:
            self.stdout.write(
                f"{name:<12} n={scores['queries']:<4} top1={scores['top1']:.3f} top5={scores['top5']:.3f} "
                f"success@10={scores['success@10']:.3f} MRR@10={scores['mrr']:.3f} "
                f"nDCG@10={scores['ndcg@10']:.3f} 无结果={scores['zero_results']:.3f}"
            )
        for miss in report["misses"]:
            self.stdout.write(f"  未排第一：{miss['q']}（{miss['type']}）名次 {miss['rank']}")
