"""Chinese words for the labels of promotion figures that build_fixtures writes.

The output must not depend on the active language, so these are plain strings, like
tooling.fixturegen.published's own words.
"""

PROMOTION_FILTERS = ("actor", "level")
PROMOTION_MEASURE_WORDS = {
    "leads": "收集有效信息",
    "recommended_projects": "招商大使推荐项目数",
    "enterprises_contacted": "对接重点企业数",
    "outbound_trips": "外出招商批次",
    "enterprises_visited": "外出招商对接企业数",
    "fairs": "举办推介会场数",
    "delegations_received": "接待考察团组数",
    "delegation_visits": "考察团组人次",
    "associations_contacted": "对接商协会数",
    "enterprises_attending": "吸引企业数",
    "entrepreneurs_met": "面对面交流企业家数",
    "problems_solved": "协调解决企业难题数",
    "target_enterprises": "补链招商目标企业数",
    "chain_maps": "产业链全景图数",
    "ambassadors": "招商大使数",
    "outbound_offices": "驻外招商局数",
}
PROMOTION_FILTER_WORDS = {
    "bureau": "招商部门",
    "city_leaders": "市领导带队",
    "county_leaders": "县（市、区）领导带队",
    "professional_bodies": "专职招商机构",
    "investment_ambassadors": "招商大使",
    "city": "市级清单",
    "county": "县级清单",
}
