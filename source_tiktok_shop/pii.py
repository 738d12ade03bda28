"""The personal data the `pii_handling` preset hashes or blocks.

Each entry is a dotted path suffix: it matches that field wherever it sits in any table's schema, so
a table added later that carries, say, a `recipient_address` or a `buyer_email` is covered without
editing this list. The docs page lists what each entry resolves to per table.
"""

PII_FIELD_SUFFIXES = (
    # The buyer, on orders and wherever else TikTok names them.
    "buyer_email",
    "buyer_nickname",
    "buyer_avatar",
    "buyer_message",
    "buyer_user_id",
    "buyer_user_ids",
    "user_id",
    "cpf",
    "cpf_name",
    # Delivery addresses: the person and the place.
    "recipient_address.name",
    "recipient_address.first_name",
    "recipient_address.last_name",
    "recipient_address.first_name_local_script",
    "recipient_address.last_name_local_script",
    "recipient_address.phone_number",
    "recipient_address.postal_code",
    # Street addresses anywhere: a small seller's warehouse or return address is often their home.
    "full_address",
    "address_detail",
    "address_line1",
    "address_line2",
    "address_line3",
    "address_line4",
    "recipient_address.delivery_preferences.drop_off_location",
    # Contact people of warehouses and senders.
    "contact_person",
    "phone_number",
    # Payout bank accounts (masked by TikTok to the last digits, still personal).
    "bank_account",
    # Creators, on affiliate orders, sample applications and targeted plans: TikTok handle, display name, avatar,
    # open id (a stable per-app identifier of the person).
    "creator_username",
    "creator.username",
    "creator.nickname",
    "creator.avatar_url",
    "creator_open_id",
    "creators.username",
    "creators.nickname",
    "creators.avatar.url",
    # The contact e-mail a seller gives creators on a targeted plan (often a person's).
    "seller_contact_info.email",
    # Free text a buyer (or seller) writes on a return record: like `buyer_message`, it may hold anything personal.
    "note",
)
