"""Topic models find the themes in a small spoken corpus, reproducibly and offline."""

import socket

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score

from analysis.config import Config, TopicsConfig
from analysis.embed import Embedder
from analysis.errors import InputError
from analysis.topics import (
    MIN_FIT_SEGMENTS,
    SpokenAnalyzer,
    TopicResult,
    fit_topics,
    fit_topics_from_config,
    representative_quotes,
    stop_words,
)
from analysis.topics._codebook import seed_words

SEED = 20231115

# Five planted themes in the voice of link workers and patients, 18 turns each.
THEMES = {
    "money": [
        "Um, the main thing was the debt, I had letters from the council about arrears every week.",
        "She helped me fill in the forms for Universal Credit, I couldn't have done that on my own.",
        "Yeah, so a lot of my referrals are about benefits, PIP assessments, that kind of thing.",
        "I was behind on the electric and the gas, and I was scared to open the post.",
        "We sat down and went through my budget, what was coming in and what was going out.",
        "The Citizens Advice appointment sorted out the council tax debt in the end.",
        "Honestly the money worries were keeping me up at night, I couldn't sleep.",
        "She rang the energy company for me and got the payments spread out.",
        "A lot of patients come in with a benefits sanction and no money for food.",
        "I got a food bank voucher, which, you know, I was embarrassed about at first.",
        "The PIP form is forty pages, people just give up on it without help.",
        "We referred him to the debt advice service and they negotiated with the creditors.",
        "Erm, my rent arrears were building up because the Universal Credit payment was late.",
        "She found out I was entitled to carer's allowance, I never knew that existed.",
        "The bailiffs had been round twice, I was at my wits' end with the bills.",
        "Money is usually the first thing, you can't think about anything else when you're skint.",
        "We did a benefits check and he was missing out on about two hundred pounds a month.",
        "I had payday loans stacking up, one to pay off another one.",
    ],
    "loneliness": [
        "After my wife died I didn't speak to anyone for days, it was so lonely.",
        "She got me going to a coffee morning at the community centre on Tuesdays.",
        "I'd been isolated for years really, I didn't have any friends round here.",
        "The lunch club has been a lifeline, I look forward to it all week.",
        "Yeah, a lot of older patients are just lonely, they come to the GP for company.",
        "I joined a knitting group and now I've got people to chat to.",
        "Living on my own since the kids moved away, the evenings are the worst.",
        "The befriending service rings me every Thursday, it's someone to talk to.",
        "Um, I was nervous walking into the group at first, I didn't know anybody.",
        "We try to connect people with a social group so they're not stuck indoors alone.",
        "I hadn't been out of the flat for months, I just sat watching the telly.",
        "Now I've made friends at the men's shed and we go for a pint after.",
        "Social isolation is a huge driver of GP appointments in this practice.",
        "She came with me to the first session of the choir so I wasn't on my own.",
        "I felt like nobody would notice if I disappeared, that's how lonely I was.",
        "The bereavement group helped me meet other widows who understood.",
        "It's the loneliness more than anything, no one to share a cup of tea with.",
        "Having a reason to leave the house and see other people changed everything.",
    ],
    "gardening": [
        "I started doing the allotment and growing vegetables, potatoes, onions, the lot.",
        "Erm, the gardening project, getting your hands in the soil, it's therapeutic.",
        "We planted a whole bed of tomatoes and runner beans at the community garden.",
        "I've got seedlings on every windowsill now, chillies and courgettes.",
        "The greenhouse at the project is where I sow the seeds in spring.",
        "Weeding and digging the beds, it takes my mind off everything.",
        "We grow herbs and salad leaves and give them to the food hub.",
        "She found me a plot at the allotment society, there was a waiting list.",
        "Pruning the roses and deadheading, my nan taught me that when I was little.",
        "The compost heap, the worms, I love all that, the cycle of it.",
        "Harvesting the first carrots of the year, you feel like you've achieved something.",
        "The horticultural therapy group meets in the walled garden every Friday.",
        "I'm growing strawberries in hanging baskets on the balcony now.",
        "We built raised beds so people in wheelchairs can garden too.",
        "Um, watering the plants every morning gives me a routine.",
        "The garden volunteers planted fruit trees, apples and plums, in the orchard.",
        "I've learned about soil, mulching, when to plant bulbs for the spring flowers.",
        "Picking the beans and sharing them with the neighbours over the fence.",
    ],
    "transport": [
        "The bus only comes once an hour, so getting to the group is a real problem.",
        "I can't drive anymore since my eyesight went, so I rely on lifts from my daughter.",
        "The community transport minibus picks me up from my door on a Wednesday.",
        "Erm, taxis are too expensive, it's twelve pounds each way to the town centre.",
        "Parking at the leisure centre is a nightmare, you can never find a space.",
        "Rural patients are stuck, there's no bus route out to the villages at all.",
        "She showed me how to use the bus pass and plan the journey on my phone.",
        "The train station has no lift, so with my wheelchair I can't get the train.",
        "We got him a volunteer driver scheme to get to his hospital appointments.",
        "The buses stopped running after six, so evening classes were out of the question.",
        "I walk to the bus stop but it's a twenty-minute walk uphill with my stick.",
        "Fuel prices went up and I couldn't afford to put petrol in the car.",
        "The dial-a-ride service has to be booked a week ahead, it's very inflexible.",
        "Travel costs are a barrier, people can't pay the bus fare to get to activities.",
        "My scooter battery doesn't last the trip into town and back.",
        "The road works diverted the bus, so I missed my stop and got lost.",
        "Um, we mapped which groups were on a direct bus route from the estate.",
        "I got a blue badge in the end, so I can park near the entrance.",
    ],
    "referral": [
        "The GP referred me to the link worker because the appointments weren't helping.",
        "Receptionists can book people straight in with the social prescriber now.",
        "The waiting list for the link worker was about six weeks at one point.",
        "Some of the doctors don't really understand what social prescribing is for.",
        "I get referrals from the practice nurse, the GPs and the mental health team.",
        "Erm, the referral form is on the clinical system, it takes two minutes.",
        "We had a meeting with the practice manager about how referrals should come through.",
        "Patients can self-refer now, they don't need to see a doctor first.",
        "The GPs were sceptical at first, but now they refer loads.",
        "I sit in on the practice multidisciplinary meetings and pick up referrals there.",
        "Inappropriate referrals happen, people sent to me who really need a psychiatrist.",
        "The primary care network employs us, but we're based in the surgeries.",
        "Feedback to the referring GP goes into the patient's notes on the system.",
        "We audited the referrals and most came from two of the doctors.",
        "The receptionist suggested I see the social prescribing link worker instead of the doctor.",
        "Some practices give us a room, others we're in a cupboard, it depends on the surgery.",
        "Referral numbers went up once we presented at the practice clinical meeting.",
        "Triage by the reception team means people get to the right person quicker.",
    ],
}
INTERVIEWER = [
    "Can you tell me a bit more about that?",
    "How did that make you feel?",
    "And what happened next?",
    "Thank you, that's really helpful.",
    "What would you change about the service?",
    "How long have you been working in this role?",
]


CODEBOOK = pd.DataFrame(
    {
        "code_id": ["SUP", "MONEY", "LONELY", "TRAVEL"],
        "name": ["Support", "Money worries", "Loneliness", "Transport barriers"],
        "parent": [pd.NA, "SUP", "SUP", pd.NA],
        "definition": [
            "Umbrella code for what link workers help with.",
            "Debt, arrears, benefits, bills and not having enough money.",
            "Feeling lonely and isolated, having no friends or company.",
            "Buses, taxis, driving and travel costs that stop people getting to activities.",
        ],
        "include": ["", "Universal Credit, PIP, food bank", "bereavement, living alone", ""],
        "example": ["", "", "", ""],
    }
)


def make_segments(themes=THEMES, interviewer=INTERVIEWER) -> pd.DataFrame:
    rows = []
    for number, (theme, texts) in enumerate(themes.items()):
        doc_id = f"P{number + 1:02d}_w1"
        offset, turn = 0, 0
        for index, text in enumerate(texts):
            if index % 3 == 0 and interviewer:
                question = interviewer[(index // 3) % len(interviewer)]
                turn += 1
                rows.append(
                    {
                        "segment_id": f"{doc_id}-t{turn:03d}",
                        "doc_id": doc_id,
                        "source": "interview",
                        "speaker": "Interviewer",
                        "participant_id": pd.NA,
                        "role": "interviewer",
                        "char_start": offset,
                        "char_end": offset + len(question),
                        "text": question,
                        "is_interviewer": True,
                        "theme": pd.NA,
                    }
                )
                offset += len(question) + 1
            turn += 1
            rows.append(
                {
                    "segment_id": f"{doc_id}-t{turn:03d}",
                    "doc_id": doc_id,
                    "source": "interview",
                    "speaker": f"P{number + 1:02d}",
                    "participant_id": f"P{number + 1:02d}",
                    "role": "patient" if number % 2 else "link worker",
                    "char_start": offset,
                    "char_end": offset + len(text),
                    "text": text,
                    "is_interviewer": False,
                    "theme": theme,
                }
            )
            offset += len(text) + 1
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def embedder(tmp_path_factory):
    return Embedder(cache=tmp_path_factory.mktemp("topics") / "cache.sqlite", progress=False)


@pytest.fixture(scope="module")
def segments():
    return make_segments()


@pytest.fixture(scope="module")
def embeddings(segments, embedder):
    return embedder.embed(segments["text"].tolist())


@pytest.fixture(scope="module")
def fitted(segments, embeddings, embedder):
    return fit_topics(segments, seed=SEED, embeddings=embeddings, embedder=embedder, progress=False)


@pytest.fixture
def no_network(monkeypatch):
    attempts = []

    def refuse(*args, **kwargs):
        attempts.append(args)
        raise OSError("network access attempted during an offline test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def participant_ari(result, segments) -> float:
    table = result.assignments.merge(segments[["segment_id", "theme"]], on="segment_id")
    table = table[table["theme"].notna()]
    return adjusted_rand_score(table["theme"], table["topic"].astype(int))


@pytest.mark.slow
def test_bertopic_recovers_the_planted_themes(fitted, segments):
    assert participant_ari(fitted, segments) > 0.55
    assert 4 <= fitted.n_topics <= 7
    assert fitted.settings["n_topics"] == fitted.n_topics
    assert "Ward's tree cut into" in fitted.settings["n_topics_chosen_by"]


@pytest.mark.slow
def test_topic_and_assignment_tables_follow_the_contract(fitted, segments):
    assert list(fitted.topics.columns[:5]) == ["topic", "size", "share", "label", "words"]
    assert {"representation", "code_id"} <= set(fitted.topics.columns)
    assert sorted(fitted.assignments["segment_id"]) == sorted(segments["segment_id"])
    assert list(fitted.assignments.columns[:3]) == ["segment_id", "topic", "probability"]
    fitted_rows = fitted.assignments["excluded"].isna()
    assert fitted.topics["size"].sum() == fitted_rows.sum()
    assert fitted.outliers == int((fitted.assignments["topic"] == -1).sum())
    assert fitted.topics["share"].sum() == pytest.approx(1.0)
    words = fitted.topics.loc[fitted.topics["topic"] != -1, "words"].str.split("; ")
    assert words.map(len).eq(10).all()
    if fitted.outliers:
        assert fitted.topics.set_index("topic").loc[-1, "label"] == "Outliers"
    assert fitted.settings["seed"] == SEED
    assert fitted.settings["backend"] == "stable"
    assert fitted.settings["reducer"]["class"].endswith("DiffusionMap")
    assert fitted.settings["clusterer"]["params"]["min_cluster_size"] == 5
    assert fitted.settings["versions"]["bertopic"]


@pytest.mark.slow
def test_readable_labels_name_each_planted_theme(fitted):
    words = fitted.topic_words()
    for theme_word in ("debt", "garden", "bus", "referrals", "lonely"):
        assert sum(theme_word in topic for topic in words.values()) == 1, theme_word
    labels = ", ".join(fitted.topics["label"]).split(", ")
    assert not {"yeah", "erm", "um", "like", "know", "sort"} & set(labels)


def test_back_channels_are_neither_fitted_nor_assigned(segments, embedder):
    chatter = ["Yeah, definitely.", "Mm-hm.", "No, that's fine, yeah.", "Okay, right."] * 6
    extra = pd.DataFrame(
        {
            "segment_id": [f"P09_w1-t{i:03d}" for i in range(len(chatter))],
            "doc_id": "P09_w1",
            "text": chatter,
            "is_interviewer": False,
        }
    )
    result = fit_topics(
        pd.concat([segments, extra], ignore_index=True), seed=SEED, embedder=embedder,
        progress=False,
    )  # fmt: skip
    rows = result.assignments.set_index("segment_id").loc[extra["segment_id"]]
    assert rows["topic"].isna().all()
    assert (rows["excluded"] == "no substance").all()
    assert result.settings["n_excluded_by_reason"]["no substance"] == len(chatter)
    assert result.topics["size"].sum() == result.settings["n_fitted"]


def test_interruptions_of_a_call_are_chatter_and_talk_about_the_phone_is_not():
    from analysis.topics import is_chatter

    interruptions = [
        "Sorry, someone's at the door -- two seconds. Okay, I'm back.",
        "Sorry, I've just got to turn my phone off. There we go.",
        "Bear with me, one moment.",
        "Yes -- sorry, you froze for a second there. Okay, you're back.",
    ]
    content = [
        "She rang me on the phone at home because the door had been kicked in again.",
        "I'm back at the food bank every Thursday with the same family.",
    ]
    assert is_chatter(interruptions).all()
    assert not is_chatter(content).any()


def test_interviewer_turns_are_kept_with_a_missing_topic(fitted, segments):
    asked = segments.loc[segments["is_interviewer"], "segment_id"]
    rows = fitted.assignments.set_index("segment_id").loc[asked]
    assert len(rows) == len(asked) > 0
    assert rows["topic"].isna().all() and rows["probability"].isna().all()
    assert (rows["excluded"] == "interviewer turn").all()
    answered = fitted.assignments[~fitted.assignments["segment_id"].isin(asked)]
    assert answered["topic"].notna().all()


@pytest.mark.slow
def test_the_same_seed_gives_identical_tables(fitted, segments, embeddings, embedder):
    again = fit_topics(
        segments, seed=SEED, embeddings=embeddings, embedder=embedder, progress=False
    )
    pd.testing.assert_frame_equal(again.assignments, fitted.assignments)
    pd.testing.assert_frame_equal(again.topics, fitted.topics)


@pytest.mark.slow
def test_input_order_does_not_change_assignments(fitted, segments, embeddings, embedder):
    order = np.random.default_rng(7).permutation(len(segments))
    shuffled = fit_topics(
        segments.iloc[order],
        seed=SEED,
        embeddings=embeddings[order],
        embedder=embedder,
        progress=False,
    )
    pd.testing.assert_frame_equal(shuffled.assignments, fitted.assignments)


def test_too_few_segments_raise_a_clear_input_error(segments, embedder):
    few = pd.concat(
        [segments[~segments["is_interviewer"]].head(MIN_FIT_SEGMENTS - 1),
         segments[segments["is_interviewer"]]]
    )  # fmt: skip
    with pytest.raises(InputError, match=f"at least {MIN_FIT_SEGMENTS}") as error:
        fit_topics(few, seed=SEED, embedder=embedder, progress=False)
    assert "k must be" not in str(error.value)
    assert "interviewer" in str(error.value)


@pytest.mark.slow
def test_a_corpus_of_about_fifty_segments_is_modelled(embedder):
    small = make_segments({theme: texts[:11] for theme, texts in THEMES.items()}, interviewer=[])
    result = fit_topics(small, seed=SEED, embedder=embedder, progress=False)
    assert len(result.assignments) == 55
    assert result.assignments["topic"].notna().all()
    assert result.n_topics >= 2
    assert result.settings["reducer"]["params"]["n_neighbors"] <= 15


@pytest.mark.parametrize("method", ["lda", "nmf"])
def test_lda_and_nmf_baselines_share_the_interface(method, segments):
    result = fit_topics(segments, seed=SEED, method=method, nr_topics=5, progress=False)
    assert isinstance(result, TopicResult)
    assert result.n_topics == 5
    assert sorted(result.assignments["segment_id"]) == sorted(segments["segment_id"])
    participants = result.assignments[result.assignments["excluded"].isna()]
    assert participants["topic"].notna().all()
    assert participants["probability"].between(0, 1).all()
    assert result.topics["words"].str.split("; ").map(len).eq(10).all()
    assert "fixed: n_components=5" in result.settings["n_topics_chosen_by"]
    again = fit_topics(segments, seed=SEED, method=method, nr_topics=5, progress=False)
    pd.testing.assert_frame_equal(again.assignments, result.assignments)
    pd.testing.assert_frame_equal(result.transform(segments), result.assignments)


@pytest.mark.slow
def test_a_saved_result_loads_offline_and_transform_agrees(
    fitted, segments, embeddings, embedder, tmp_path, no_network
):
    fitted.save(tmp_path / "topics")
    assert (tmp_path / "topics" / "model" / "topic_embeddings.safetensors").is_file()
    loaded = TopicResult.load(tmp_path / "topics", embedder=embedder)
    assert no_network == []
    pd.testing.assert_frame_equal(loaded.assignments, fitted.assignments)
    pd.testing.assert_frame_equal(loaded.topics, fitted.topics)
    assert loaded.settings == fitted.settings
    before = fitted.transform(segments, embeddings=embeddings)
    after = loaded.transform(segments)  # embeds the texts itself, from the cache
    pd.testing.assert_series_equal(before["topic"], after["topic"])
    fitted_rows = fitted.assignments["topic"].notna() & (fitted.assignments["topic"] != -1)
    agreement = (after["topic"] == fitted.assignments["topic"])[fitted_rows].mean()
    assert agreement >= 0.8
    assert after.loc[~fitted_rows & fitted.assignments["topic"].isna(), "topic"].isna().all()


@pytest.mark.slow
def test_a_saved_result_whose_embedding_model_has_gone_loads_only_the_same_model(fitted, tmp_path):
    import json

    folder = fitted.save(tmp_path / "topics")
    settings_file = folder / "settings.json"
    settings = json.loads(settings_file.read_text())
    settings["embedding"]["model_path"] = str(tmp_path / "moved-away")
    settings_file.write_text(json.dumps(settings))
    # the same model by content (another clone, a rebuilt environment): the installed one serves
    assert TopicResult.load(folder)._embedder().model_id == settings["embedding"]["model_id"]
    settings["embedding"]["model_id"] = "0123456789abcdef"
    settings_file.write_text(json.dumps(settings))
    with pytest.raises(InputError, match="0123456789abcdef.*moved-away.*another model"):
        TopicResult.load(folder)


@pytest.mark.slow
def test_a_baseline_result_saves_and_loads(segments, tmp_path):
    result = fit_topics(segments, seed=SEED, method="nmf", nr_topics=5, progress=False)
    loaded = TopicResult.load(result.save(tmp_path / "nmf"))
    pd.testing.assert_frame_equal(loaded.transform(segments), result.assignments)


@pytest.mark.slow
def test_nr_topics_merges_topics_and_records_the_choice(segments, embeddings, embedder):
    result = fit_topics(
        segments, seed=SEED, embeddings=embeddings, embedder=embedder, nr_topics=3,
        progress=False,
    )  # fmt: skip
    assert result.n_topics <= 3
    assert result.settings["nr_topics"] == 3
    assert "cut into 3 groups (given)" in result.settings["n_topics_chosen_by"]


@pytest.mark.slow
def test_outliers_are_reassigned_only_when_asked(fitted, segments, embeddings, embedder):
    result = fit_topics(
        segments, seed=SEED, embeddings=embeddings, embedder=embedder, reduce_outliers=True,
        progress=False,
    )  # fmt: skip
    assert result.outliers == 0
    assert result.settings["outliers_before_reduction"] == fitted.outliers
    assert result.settings["reduce_outliers"] == "embeddings"
    assert -1 not in set(result.topics["topic"])


@pytest.mark.slow
def test_guided_topics_are_seeded_from_the_codebook(segments, embeddings, embedder):
    result = fit_topics(
        segments, seed=SEED, embeddings=embeddings, embedder=embedder, codebook=CODEBOOK,
        guided=True, progress=False,
    )  # fmt: skip
    assert set(result.settings["seed_topic_list"]) == {"MONEY", "LONELY", "TRAVEL"}
    assert participant_ari(result, segments) > 0.5


@pytest.mark.slow
def test_zero_shot_topics_carry_the_codes_they_match(segments, embeddings, embedder):
    result = fit_topics(
        segments, seed=SEED, embeddings=embeddings, embedder=embedder, codebook=CODEBOOK,
        zero_shot=True, zero_shot_min_similarity=0.4, progress=False,
    )  # fmt: skip
    coded = result.topics.dropna(subset=["code_id"])
    assert len(coded) >= 1
    assert set(coded["code_id"]) <= {"MONEY", "LONELY", "TRAVEL"}
    names = dict(zip(CODEBOOK["code_id"], CODEBOOK["name"], strict=True))
    assert (coded["label"] == coded["code_id"].map(names)).all()
    assert result.settings["zero_shot_matched_segments"] > 0


def test_representative_quotes_are_traceable_and_pseudonymous(fitted, segments):
    quotes = representative_quotes(fitted, segments, n=3)
    topics = set(fitted.topics["topic"]) - {-1}
    assert set(quotes["topic"]) == topics
    assert quotes.groupby("topic")["rank"].max().le(3).all()
    source = segments.set_index("segment_id")
    for row in quotes.itertuples():
        assert fitted.assignments.set_index("segment_id").loc[row.segment_id, "topic"] == row.topic
        assert source.loc[row.segment_id, "text"] == row.text
        assert (row.doc_id, row.char_start) == tuple(
            source.loc[row.segment_id, ["doc_id", "char_start"]]
        )
        assert row.role != "interviewer"


def test_spoken_fillers_and_transcript_noise_are_stop_words():
    words = set(stop_words())
    assert {
        "um",
        "erm",
        "yeah",
        "okay",
        "like",
        "sort",
        "basically",
        "inaudible",
        "crosstalk",
    } <= words
    assert {"debt", "garden", "loneliness", "referral"}.isdisjoint(words)


def test_phrases_do_not_run_across_clauses_or_dropped_fillers():
    analyse = SpokenAnalyzer(stop_words(), (1, 2))
    grams = analyse("Erm, the beds, it takes my mind off. Universal Credit, you know, food bank")
    assert "universal credit" in grams and "food bank" in grams
    assert "beds takes" not in grams and "credit food" not in grams


def test_speaker_labels_of_a_whole_conversation_are_not_words_but_a_heading_is():
    analyse = SpokenAnalyzer(stop_words(), (1, 1))
    dialogue = (
        "Doctor: Any pain today?\nPatient: In my knee.\n"
        "Guest_family: She limps.\nDoctor: Since when?\nGuest_family: Since Monday.\n"
        "Patient: Two weeks, doctor."
    )
    words = analyse(dialogue)
    assert "guest_family" not in words and "patient" not in words
    assert words.count("doctor") == 1  # said by the patient, not a label
    assert {"pain", "knee", "limps", "monday"} <= set(words)
    # a line-start label used once introduces what follows: an event note keeps it
    note = "Learning disability link worker: caseload set by the team"
    assert analyse(note)[:3] == ["learning", "disability", "link"]


def test_seed_words_come_from_leaf_codes_without_stop_words():
    lists, code_ids = seed_words(CODEBOOK)
    assert code_ids == ["MONEY", "LONELY", "TRAVEL"]
    money = lists[0]
    assert money[:2] == ["money", "worries"]
    assert "debt" in money and "and" not in money and len(money) <= 5


@pytest.mark.parametrize(
    "argument",
    [{"method": "lsa"}, {"representation": "words"}, {"nr_topics": 1}, {"seed": 1.5},
     {"reduce_outliers": "nearest"}, {"zero_shot_min_similarity": 1.2}, {"guided": True},
     {"min_content_words": -1}],
)  # fmt: skip
def test_bad_arguments_raise_input_error(argument, segments):
    kwargs = {"seed": SEED, "method": "nmf", "progress": False, **argument}
    if argument.get("guided"):
        kwargs["method"] = "bertopic"
    with pytest.raises(InputError):
        fit_topics(segments, **kwargs)


@pytest.mark.slow
def test_the_umap_backend_fits_seeded_umap_and_hdbscan(segments, embeddings, embedder):
    result = fit_topics(
        segments, seed=SEED, embeddings=embeddings, embedder=embedder, backend="umap",
        progress=False,
    )  # fmt: skip
    assert result.settings["backend"] == "umap"
    assert result.settings["reducer"]["params"]["random_state"] == SEED
    assert result.settings["clusterer"]["class"].startswith("hdbscan")
    assert participant_ari(result, segments) > 0.4


def test_injected_components_are_used_as_bertopic_takes_them(segments, embeddings, embedder):
    from sklearn.cluster import KMeans
    from sklearn.decomposition import PCA

    result = fit_topics(
        segments, seed=SEED, embeddings=embeddings, embedder=embedder,
        reducer=PCA(n_components=5, random_state=0),
        clusterer=KMeans(n_clusters=5, n_init=10, random_state=0), progress=False,
    )  # fmt: skip
    assert result.settings["backend"] == "given"
    assert result.settings["reducer"]["class"].endswith("PCA")
    assert result.settings["clusterer"]["params"]["n_clusters"] == 5
    assert result.n_topics == 5
    assert participant_ari(result, segments) > 0.4


def test_the_cuml_backend_says_what_to_install_when_cuml_is_missing(segments, embedder):
    try:
        import cuml  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("cuML is installed here: the backend is exercised instead")
    with pytest.raises(InputError, match="cuML"):
        fit_topics(segments, seed=SEED, embedder=embedder, backend="cuml", progress=False)


def test_topics_settings_come_from_the_config(segments):
    config = Config(seed=11, topics=TopicsConfig(method="lda", nr_topics=4))
    result = fit_topics_from_config(segments, config, progress=False)
    assert result.settings["seed"] == 11
    assert result.settings["method"] == "lda"
    assert result.n_topics == 4


def test_guided_topics_take_the_codebook_ingest_chose(tmp_path):
    from analysis.config import load_config
    from analysis.topics._fit import _config_codebook

    (tmp_path / "params.yaml").write_text(
        "study: guided\ntopics:\n  guided: true\n", encoding="utf-8"
    )
    config = load_config(tmp_path / "params.yaml")
    with pytest.raises(InputError, match="ingest found none"):
        _config_codebook(config)
    book = pd.DataFrame({"code_id": ["A"], "name": ["From the project"], "parent": [None]})
    config.processed_dir.mkdir(parents=True)
    book.to_parquet(config.processed_dir / "codebook.parquet")
    pd.testing.assert_frame_equal(_config_codebook(config), book)
