import sqlalchemy as sa
from sqlalchemy.engine import URL


def test_database_is_real_and_empty(database_url: URL) -> None:
    engine = sa.create_engine(database_url)
    with engine.connect() as conn:
        version = conn.execute(sa.text("show server_version_num")).scalar_one()
        tables = conn.execute(
            sa.text(
                "select count(*) from information_schema.tables "
                "where table_schema = 'public'"
            )
        ).scalar_one()
    engine.dispose()
    assert int(version) >= 140000
    assert tables == 0
