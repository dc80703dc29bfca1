def test_healthz_reports_database_and_outbox(client):
    response = client.get("/api/healthz")
    assert response.status_code == 200
    assert response.json["database"] == "ok"
    assert response.json["outbox"]["pending"] == 0


def test_unknown_api_page_is_a_friendly_indonesian_404(client):
    response = client.get("/api/tidak-ada")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.get_data(as_text=True)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
