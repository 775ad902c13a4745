from search.segmentation import index_words, pinyin, query_text, query_words


def test_index_cuts_long_words_and_their_parts():
    words = index_words("最低生活保障申请")
    assert {"最低", "生活", "保障", "申请"} <= set(words)


def test_index_adds_pinyin_for_chinese_words():
    assert pinyin("低保") == "dibao"
    assert "dibao" in index_words("低保年审")
    assert pinyin("abc") == ""


def test_community_terms_stay_whole():
    assert "公租房" in index_words("申请公租房")
    assert "居住证" in query_words("居住证在哪里办")


def test_question_words_are_dropped_from_queries():
    assert query_text("低保怎么申请") == "低保 申请"
    assert query_text("请问老人免费坐公交需要什么") == "老人 免费 坐 公交"
    assert query_text("How do I apply for a residence permit") == "apply residence permit"


def test_queries_without_words_are_empty_and_long_queries_are_cut():
    assert query_text("？？？!!! ***") == ""
    assert query_text("怎么") == ""
    assert len(query_words("低保" * 10_000)) == 1


def test_editors_words_change_the_loaded_tokenizer_in_place_as_a_new_one_would():
    """The server loads the dictionary once before starting its workers, for all of them; an
    editor's word must not make each worker load its own copy, yet cut exactly as a new one."""
    import jieba

    from search import segmentation

    texts = ["阳光社区小区门口加装电梯补贴怎么申请", "三无人员临时救助和特困供养", "老旧小区改造"]
    saved = segmentation._extra_words
    try:
        segmentation.use_extra_words([])
        loaded = segmentation.tokenizer()
        plain = [list(loaded.cut(text)) for text in texts]
        for words in (["加装电梯补贴", "老旧小区改造", "小区"], ["三无人员"], []):
            assert segmentation.use_extra_words(words)
            assert segmentation.tokenizer() is loaded
            fresh = jieba.Tokenizer()
            fresh.load_userdict(str(segmentation.USER_DICTIONARY))
            for word in sorted(set(words)):
                fresh.add_word(word)
            assert [list(loaded.cut(text)) for text in texts] == [
                list(fresh.cut(text)) for text in texts
            ]
            assert loaded.total == fresh.total
            assert {w: f for w, f in loaded.FREQ.items() if f} == {
                w: f for w, f in fresh.FREQ.items() if f
            }
        assert [list(loaded.cut(text)) for text in texts] == plain
    finally:
        segmentation.use_extra_words(saved)
