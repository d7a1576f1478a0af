"""Answers of known quality to the sales-manager pack's pipeline-forecast question."""

from __future__ import annotations

STRONG_JA = (
    "前職では四半期ごとの予測誤差が20%ありました。まずステージ定義をMEDDICCの終了基準に結びつけ、"
    "毎週のパイプラインレビューでステージ滞在日数と次のステップを確認しました。予測はコミットと"
    "ベストケースで作り、過去のコンバージョン率と三角測量しました。担当者ごとにボトルネックを"
    "決めてコーチングした結果、2四半期で誤差は6%になりました。"
)
STRONG_EN = (  # the recorded provider replies quote this answer
    "At my last company our forecast missed by 20% every quarter. First I tied each stage to "
    "exit criteria from MEDDICC and ran a weekly pipeline review on stage age and next steps. "
    "We built the forecast bottom-up from rep commits and a risk-adjusted best case, checked "
    "against historical conversion rates. I coached each rep on their biggest bottleneck, and "
    "within two quarters the miss was down to 6%."
)
STRONG_PLAIN_EN = (  # in plain words: none of the rubric's phrasing
    "At my last company our forecast missed by 20% every quarter. I rewrote our stages so each "
    "one needed proof from the buyer, like a confirmed budget owner, and every Monday we went "
    "through deals that had sat too long or had no dated next step. For the number itself I "
    "compared the reps' own calls with what our past win rates by stage said, and I coached "
    "each rep on the one habit that cost them most. Within two quarters the miss was down to 6%."
)
