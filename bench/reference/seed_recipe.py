"""The seed notebook's recipe with pandas + scikit-learn, as the speed and quality reference.

Reads the weekly export, dates each row to the Monday of its %W week, keeps the last 365 days, computes recency,
frequency and revenue per country + id, takes log1p, runs the elbow (k = 1..10) and k-means with k = 6
(k-means++, n_init = 10, random_state = 0). Prints one JSON line with timings and the k = 6 inertia.
"""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans

started = time.perf_counter()
stages = {}
df = pd.read_csv(sys.argv[1], dtype={"country": str, "id": str, "week.year": str, "revenue": str, "units": str})
week_year = df["week.year"].str.split(".", expand=True)
year = week_year[1].str.ljust(4, "0")
df["date"] = pd.to_datetime(year + week_year[0] + "-1", format="%Y%W-%w")
df["revenue"] = df["revenue"].str.replace(",", ".", regex=False).astype(float)
df["customer"] = df["country"] + df["id"]
stages["read"] = time.perf_counter() - started

latest = df["date"].max()
df = df[df["date"] > latest - pd.Timedelta(days=365)]
reference = latest + pd.Timedelta(days=1)
rfm = df.groupby("customer").agg(last=("date", "max"), frequency=("date", "size"), revenue=("revenue", "sum"))
rfm["recency"] = (reference - rfm["last"]).dt.days
rfm = rfm[rfm["revenue"] >= 0]
features = np.log1p(rfm[["recency", "frequency", "revenue"]].to_numpy(dtype=float))
stages["rfm"] = time.perf_counter() - started - stages["read"]

mark = time.perf_counter()
elbow = {}
for k in range(1, 11):
    elbow[k] = float(KMeans(n_clusters=k, init="k-means++", n_init=10, random_state=0).fit(features).inertia_)
stages["elbow"] = time.perf_counter() - mark
inertia = elbow[6]
print(json.dumps({"customers": int(len(rfm)), "inertia": inertia, "elbow": elbow, "stagesMs": {k: v * 1000 for k, v in stages.items()},
                  "wallMs": (time.perf_counter() - started) * 1000}))
