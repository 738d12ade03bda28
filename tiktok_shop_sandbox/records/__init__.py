"""Record builders: core facts -> API-shaped dicts, one module per API area.

Pure with respect to shop state: a builder reads cores, the shop and other records (through the
dataset's cached `ds.order_record` / `ds.product_detail` / `ds.return_record`) and returns a new
dict; it never writes a table, an index or a core (`analytics.get` only memoizes its aggregates on
the shop). Static attributes draw from the record's own seed, so the same seed and anchor always
give byte-identical records.

| module | records |
|---|---|
| `products` | product detail and search summary, categories, brands, inventory |
| `orders` | order detail (line items, payment, recipient) |
| `order_children` | the order detail's payment fields, price details |
| `after_sales` | returns, cancellations |
| `return_records` | the event timeline of each return |
| `fulfillment` | packages, warehouses |
| `finance` | statements, statement transactions (202309 / 202501), payments, withdrawals, settlement amounts |
| `settlements` | transactions by order (202501), unsettled transactions (202507) |
| `analytics` | per-local-day aggregates; shop / product / SKU performance shapes |
| `fbt` | Fulfilled by TikTok: its own facts (drawn once by the dataset), warehouses, inventory, inventory records |
"""
