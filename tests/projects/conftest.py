import pytest
from django.contrib.auth import get_user_model

from platforms.models import Platform, Region


class Places:
    """河北省 → 沧州市 → 黄骅市 / 肃宁县, 石家庄市 → 赵县; 渤海新区黄骅市 ⊃ 港城产业园."""

    def __init__(self):
        self.hebei = Region.objects.create(code="130000", name="河北省", level="province")
        self.cangzhou = Region.objects.create(
            code="130900", name="沧州市", level="city", parent=self.hebei
        )
        self.huanghua = Region.objects.create(
            code="130983", name="黄骅市", level="county", parent=self.cangzhou
        )
        self.suning = Region.objects.create(
            code="130926", name="肃宁县", level="county", parent=self.cangzhou
        )
        self.shijiazhuang = Region.objects.create(
            code="130100", name="石家庄市", level="city", parent=self.hebei
        )
        self.zhaoxian = Region.objects.create(
            code="130133", name="赵县", level="county", parent=self.shijiazhuang
        )
        self.beijing = Region.objects.create(code="110000", name="北京市", level="origin")
        self.bohai = Platform.objects.create(
            code="bohai-huanghua",
            name="渤海新区黄骅市",
            tier="key_cooperation",
            region=self.huanghua,
        )
        self.gangcheng = Platform.objects.create(
            code="gangcheng-park",
            name="港城产业园",
            tier="park",
            region=self.huanghua,
            parent=self.bohai,
        )

    @property
    def regions(self):
        return [
            self.hebei,
            self.cangzhou,
            self.huanghua,
            self.suning,
            self.shijiazhuang,
            self.zhaoxian,
        ]

    @property
    def platforms(self):
        return [self.bohai, self.gangcheng]


@pytest.fixture
def places(db):
    return Places()


@pytest.fixture
def actor(db):
    return get_user_model().objects.create_user("recorder", password="a-long-enough-pw-1")
